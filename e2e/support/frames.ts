/** Stands between a page's widget and the server (Playwright's WebSocket routing): rewrites the server's frames, and pushes frames of its own, for values the server cannot send yet. */
import type { Page, WebSocketRoute } from '@playwright/test';

type Frame = Record<string, unknown> & { t: string };

/** Returns `push`, which sends a frame to the page's widget as if from the server. */
export async function rewriteVisitorFrames(page: Page, rewrite: (frame: Frame) => Frame = (frame) => frame): Promise<(frame: Frame) => void> {
  let socket: WebSocketRoute | undefined;
  await page.routeWebSocket(/\/ws\/visitor/, (ws) => {
    socket = ws;
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => ws.send(typeof message === 'string' ? JSON.stringify(rewrite(JSON.parse(message) as Frame)) : message));
  });
  return (frame) => {
    if (!socket) throw new Error('The widget has not connected yet: push after it has.');
    socket.send(JSON.stringify(frame));
  };
}
