import { SellerAuthError } from './contract.ts';

/**
 * A shop's item list is believed only as the platform's own account of it. Answers that never
 * carried a list (`listed` false) — unless the platform's total says the shop is empty — and pages
 * that add up to fewer items than the platform's own total are a refusal (`platform_error`), never
 * an empty or a shorter shop: the listings it would have bound, and the items it would have
 * proposed, wait for a whole answer.
 */
export function wholeListOrRefuse(
  platform: string,
  answer: { listed: boolean; received: number; total: number | undefined },
): void {
  if (!answer.listed && answer.total !== 0)
    throw new SellerAuthError(`${platform} answered the item list without its items`, 'platform_error', false);
  if (answer.total !== undefined && answer.received < answer.total)
    throw new SellerAuthError(
      `${platform} said the shop has ${answer.total} items but listed ${answer.received}`,
      'platform_error',
      false,
    );
}
