/* placeholder: being written */
int placeholder_export_store;
