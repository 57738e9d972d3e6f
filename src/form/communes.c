/* placeholder: being written */
int placeholder_communes_form;
