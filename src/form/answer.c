/* placeholder: being written */
int placeholder_answer_form;
