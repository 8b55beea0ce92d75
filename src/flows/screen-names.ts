/**
 * Every screen the board's code can show. The default theme must hold art
 * for each (checked at start, so a missing screen is a startup error and
 * never a caller's surprise); a unit test keeps this list in step with the code.
 */
export const REQUIRED_SCREENS = [
  // runner
  'error', 'goodbye', 'idle', 'idle_warning', 'kicked', 'login_grace', 'shutdown', 'line_cut',
  // login
  'banner', 'ask_name', 'ask_password', 'ask_password_again', 'bad_password', 'banned', 'login_gave_up', 'login_slowdown',
  'password_try_later', 'password_try_again', 'password_queue', 'password_queue_full',
  'name_empty', 'name_short', 'name_long', 'name_characters', 'name_reserved', 'name_taken',
  'new_user', 'password_short', 'password_mismatch', 'welcome_new', 'redialed', 'busy', 'redialing',
  'draft_resumed', 'draft_kept', 'draft_target_gone', 'draft_offer', 'draft_recalled',
  'name_lookalike', 'name_mixed', 'name_invisible', 'welcome_sysop', 'promoted',
  // motd and menu
  'motd', 'continue', 'welcome_back', 'mail_waiting', 'menu', 'menu_footer', 'menu_sysop', 'menu_expert', 'press_enter', 'menu_error', 'logoff_confirm', 'bye', 'bye_early', 'not_saved',
  // messages
  'compose_intro', 'compose_full', 'nothing_posted', 'posted', 'no_messages', 'read_intro', 'message', 'read_end', 'more',
  'ask_recipient', 'no_such_user', 'sending_to', 'private_sent',
  'inbox_empty', 'inbox_intro', 'private_message', 'private_message_new', 'inbox_end',
  'ask_subject', 'ask_subject_keep', 'ask_subject_none', 'subject_needed', 'ask_quote', 'compose_quoted', 'compose_line', 'replying_to',
  // areas, reader, new-scan
  'area_list_header', 'area_list_row', 'area_list_ask', 'area_bad_choice', 'area_menu', 'area_no_post', 'area_no_read', 'area_closed',
  'area_nothing_new', 'area_read_all', 'topics_header', 'topic_row', 'topics_ask', 'topic_bad_choice', 'topics_none',
  'area_message', 'body_line', 'body_quote', 'reader_prompt', 'scan_prompt', 'thread_prompt', 'reader_bad_key', 'thread_intro', 'thread_end',
  'scan_nothing_new', 'scan_intro', 'scan_area', 'scan_done',
  'message_search_ask', 'message_search_header', 'message_search_row', 'message_search_none', 'message_search_ask_more', 'message_search_bad_choice',
  // file areas
  'file_areas_header', 'file_area_row', 'file_areas_ask', 'file_areas_none', 'file_bad_choice', 'file_list_header', 'file_list_row',
  'file_list_empty', 'file_list_ask', 'file_card', 'file_card_link', 'file_card_ask', 'file_protocol_ask', 'file_send_start', 'file_receive_start',
  'file_needs_terminal', 'file_transfer_note', 'file_sent', 'file_not_sent', 'file_upload_no_right', 'file_upload_no_room', 'file_upload_name',
  'file_upload_bad_name', 'file_uploaded', 'file_upload_refused', 'file_send_protocol_ask', 'file_upload_notice', 'file_upload_nothing', 'file_describe_intro',
  'file_describe_line', 'file_described', 'file_search_ask', 'file_search_header', 'file_search_row', 'file_search_none', 'file_search_ask_more',
  'file_new_header', 'file_new_none', 'file_new_ask', 'file_sysop_describe_intro', 'file_sysop_move_ask', 'file_sysop_moved',
  'file_sysop_move_failed', 'file_sysop_delete_confirm', 'file_sysop_deleted', 'file_sysop_hidden', 'file_sysop_shown', 'file_sysop_area_ask',
  // mailbox
  'mail_header', 'mail_row', 'mail_none', 'mail_ask', 'mail_bad_choice', 'mail_message', 'mail_reader_prompt', 'mail_delete_confirm', 'mail_deleted',
  // live: notices, pages, who, chat
  'broadcast', 'mail_arrived', 'page_arrived', 'page_ask_who', 'page_ask_text', 'page_sent', 'page_not_online', 'page_self', 'page_refused',
  'page_cancelled', 'page_slow_down', 'page_override', 'page_sent_override', 'page_arrived_sysop', 'page_arrived_override', 'who_header', 'who_row', 'who_footer', 'who_header_hosts', 'who_row_hosts',
  'chat_intro', 'chat_line', 'chat_action', 'chat_joined', 'chat_left', 'chat_who', 'chat_help', 'chat_unknown', 'chat_slow_down',
  'chat_quiet',
  // quotas
  'signup_held', 'post_quota', 'mail_quota', 'storage_full', 'storage_too_big', 'oneliner_slow_down',
  // community corners
  'oneliners_header', 'oneliner_row', 'oneliners_empty', 'oneliners_footer', 'oneliner_ask', 'oneliner_write', 'oneliner_once_a_day',
  'last_callers_header', 'last_caller_row', 'last_callers_none', 'user_list_header', 'user_list_row', 'user_list_profile', 'board_info',
  // doors
  'door_list_header', 'door_list_row', 'door_list_ask', 'door_list_empty', 'door_bad_choice', 'door_needs_terminal', 'door_no_time',
  'door_starting', 'door_back', 'door_note', 'door_resume_offer', 'gateway_starting', 'door_watch_row', 'door_watch_none', 'door_watch_ask',
  // settings
  'settings_menu', 'settings_saved', 'settings_terminal', 'settings_size', 'settings_size_bad', 'settings_profile',
  'settings_cp437_sample', 'settings_cp437_kept',
  'settings_timezone', 'settings_timezone_bad', 'settings_timezone_many', 'settings_timezone_list', 'settings_timezone_saved',
  'ask_old_password', 'ask_new_password', 'password_wrong', 'password_changed',
  // sysop
  'sysop_menu', 'sysop_only', 'sysop_broadcast_ask', 'sysop_broadcast_sent', 'sysop_kick_header', 'sysop_kick_row', 'sysop_kick_ask',
  'sysop_kick_confirm', 'sysop_kicked', 'sysop_kick_nobody', 'sysop_user_ask', 'sysop_user_close', 'sysop_user_card', 'sysop_ban_confirm', 'sysop_unban_confirm',
  'sysop_banned', 'sysop_unbanned', 'sysop_level_ask', 'sysop_level_set', 'sysop_user_not_yourself',
  'sysop_motd_current', 'sysop_motd_ask', 'sysop_motd_saved', 'sysop_motd_intro', 'sysop_motd_preview', 'sysop_motd_save', 'sysop_motd_unchanged', 'sysop_call_header', 'sysop_call_row',
  // web reader
  'web_link', 'web_link_none',
  // ssh keys
  'ssh_key_offer', 'ssh_key_linked', 'ssh_key_not_linked', 'ssh_key_taken', 'ssh_key_none', 'ssh_key_list_intro', 'ssh_key_row', 'ssh_key_remove_ask', 'ssh_key_remove_confirm', 'ssh_key_removed', 'ssh_key_bad_choice',
] as const;
