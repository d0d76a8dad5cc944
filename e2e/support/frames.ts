/** Rewrites the server's frames to a page's widget on their way (Playwright's WebSocket routing): values the server cannot send yet, injected. */
import type { Page } from '@playwright/test';

type Frame = Record<string, unknown> & { t: string };

export async function rewriteVisitorFrames(page: Page, rewrite: (frame: Frame) => Frame): Promise<void> {
  await page.routeWebSocket(/\/ws\/visitor/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => ws.send(typeof message === 'string' ? JSON.stringify(rewrite(JSON.parse(message) as Frame)) : message));
  });
}
