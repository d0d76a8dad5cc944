/** Where an outbox is stored: a module of its own, so the widget's loader can check for one without the outbox code. */
export const OUTBOX_KEY = 'pending';
