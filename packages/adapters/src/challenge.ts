/**
 * Anti-bot answers, which may come with HTTP 200 (MARKETPLACES.md "Anti-bot and politeness").
 * Only specific markers: the real voso product page loads `captcha.js` and Cloudflare's e-mail
 * script, so the bare words "captcha" or "cloudflare" prove nothing.
 */
const CHALLENGE_MARKERS: ReadonlyArray<{ rule: string; pattern: RegExp }> = [
  { rule: 'challenge.cloudflare', pattern: /cf[-_]chl|challenge-platform|cf-browser-verification/iu },
  {
    rule: 'challenge.title',
    pattern: /<title>\s*(?:just a moment|attention required|captcha|xác minh|security check)/iu,
  },
  { rule: 'challenge.shopee-90309999', pattern: /"error"\s*:\s*90309999/u },
  { rule: 'challenge.lazada-punish', pattern: /punish|slide to verify/iu },
  { rule: 'challenge.tiktok-verify', pattern: /tiktok-verify-page|verify-bar-close|captcha_verify/iu },
  { rule: 'challenge.captcha-form', pattern: /id=["'](?:captcha|challenge)[-_\w]*["']|g-recaptcha|h-captcha/iu },
  { rule: 'challenge.human-check', pattern: /verify (?:you are|that you are) (?:a )?human|không phải là robot/iu },
];

/** The rule name of the first challenge marker in `body`, or null. */
export function detectChallenge(body: string): string | null {
  const head = body.length > 200_000 ? body.slice(0, 200_000) : body;
  return CHALLENGE_MARKERS.find(({ pattern }) => pattern.test(head))?.rule ?? null;
}
