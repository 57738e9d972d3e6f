/* placeholder: being written */
int placeholder_submit_store;
