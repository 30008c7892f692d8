export const SESSION_COOKIE = 'gg_session';
export const CSRF_COOKIE = 'gg_csrf';
export const LANG_COOKIE = 'gg_lang';
