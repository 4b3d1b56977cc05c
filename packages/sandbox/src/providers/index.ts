import { startSmsSimulator } from './esms.ts';
import { startSmtpSink } from './smtp-sink.ts';
import { startZnsSimulator } from './zalo-zns.ts';

/** The credentials the simulated providers accept (and the sandbox config layer uses). */
export const SANDBOX_PROVIDER_CREDENTIALS = {
  zns: { appId: 'sandbox-app', secretKey: 'sandbox-secret', refreshToken: 'sandbox-refresh-0' },
  sms: { apiKey: 'sandbox-key', secretKey: 'sandbox-sms-secret' },
} as const;

/**
 * Zalo ZNS, SMS brandname and SMTP providers on localhost, in their real shapes, recording what
 * they were sent: how the demo and the tests see messages arrive end to end with no internet.
 */
export async function startProviderSimulators(host = '127.0.0.1') {
  const zns = await startZnsSimulator(host, { ...SANDBOX_PROVIDER_CREDENTIALS.zns });
  const sms = await startSmsSimulator(host, { ...SANDBOX_PROVIDER_CREDENTIALS.sms });
  const smtp = await startSmtpSink(host);
  return {
    zns,
    sms,
    smtp,
    async close() {
      for (const server of [zns.server, sms.server]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      await smtp.close();
    },
  };
}
export type ProviderSimulators = Awaited<ReturnType<typeof startProviderSimulators>>;
