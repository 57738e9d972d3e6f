/* placeholder: being written */
int placeholder_store_store;
