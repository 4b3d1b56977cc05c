import type { Lang } from '@ocop-monitor/monitor';
import { UsageError } from './usage-error.ts';

/** `--lang`: what a person reads is Vietnamese unless they ask for English. */
export function langOption(value: string | undefined): Lang {
  if (value !== undefined && value !== 'vi' && value !== 'en') throw new UsageError('--lang is vi or en');
  return value === 'en' ? 'en' : 'vi';
}
