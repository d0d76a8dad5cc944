/** How long a page's address and title may be: a module of its own, so the widget's loader takes these two without every other limit. */
export const MAX_URL_LENGTH = 2048;
export const MAX_TITLE_LENGTH = 300;
