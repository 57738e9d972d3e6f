/* placeholder: being written */
int placeholder_record_record;
