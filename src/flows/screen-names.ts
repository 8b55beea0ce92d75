/**
 * Every screen the board's code can show. The default theme must hold art
 * for each (checked at start, so a missing screen is a startup error and
 * never a caller's surprise); a unit test keeps this list in step with the code.
 */
export const REQUIRED_SCREENS = [
  // runner
  'error', 'goodbye', 'idle', 'kicked', 'login_grace', 'shutdown',
  // login
  'banner', 'ask_name', 'ask_password', 'ask_password_again', 'bad_password', 'banned', 'login_gave_up', 'login_slowdown',
  'name_empty', 'name_short', 'name_long', 'name_characters', 'name_reserved', 'name_taken',
  'new_user', 'password_short', 'password_mismatch', 'welcome_new', 'redialed', 'busy', 'redialing',
  // motd and menu
  'motd', 'continue', 'mail_waiting', 'menu', 'menu_error', 'bye', 'bye_early',
  // messages
  'compose_intro', 'compose_full', 'nothing_posted', 'posted', 'no_messages', 'read_intro', 'message', 'read_end', 'more',
  'ask_recipient', 'no_such_user', 'sending_to', 'private_sent',
  'inbox_empty', 'inbox_intro', 'private_message', 'private_message_new', 'inbox_end',
  // ssh keys
  'ssh_key_offer', 'ssh_key_linked', 'ssh_key_not_linked', 'ssh_key_taken', 'ssh_key_none', 'ssh_key_list_intro', 'ssh_key_row', 'ssh_key_remove_ask', 'ssh_key_remove_confirm', 'ssh_key_removed', 'ssh_key_bad_choice',
] as const;
