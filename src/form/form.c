/* placeholder: being written */
int placeholder_form_form;
