/* placeholder */
int placeholder_ui;
