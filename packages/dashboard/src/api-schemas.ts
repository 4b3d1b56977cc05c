import { ALERT_QUEUE_STATES, QUEUE_VIEW_NAMES } from '@ocop-monitor/monitor';
import { z } from 'zod';

export const reviewBodySchema = z.object({
  action: z.enum(['confirm', 'dismiss', 'snooze']),
  note: z.string().max(500).optional(),
  until: z.iso.date().optional(),
});

export const alertsQuerySchema = z.object({
  /** The review page only: the queue's tab ("decide" by default). */
  view: z.enum(QUEUE_VIEW_NAMES).optional(),
  type: z.string().max(40).optional(),
  state: z.enum(ALERT_QUEUE_STATES).optional(),
  marketplace: z.string().max(40).optional(),
  /** A commune code of the registry. */
  commune: z.string().max(40).optional(),
  /** The review page only: producers' alerts together. */
  group: z.enum(['producer']).optional(),
  /** The review page only: 1-based. */
  page: z.coerce.number().int().positive().max(100_000).optional(),
});

export const idParamsSchema = z.object({ id: z.coerce.number().int().positive() });

const error = {
  description: 'error',
  content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'string' } } } } },
};

/** OpenAPI 3.1 for the JSON API, built from the same zod schemas that validate the requests. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: { title: 'ocop-monitor dashboard API', version: '0.1.0' },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'ocop_session' },
        csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
      },
    },
    security: [{ session: [] }],
    paths: {
      '/api/coverage': {
        get: {
          summary: 'Coverage today against the 100% target, with breakdowns and the gap list',
          responses: { 200: { description: 'CoverageReport' }, 401: error },
        },
      },
      '/api/alerts': {
        get: {
          summary: 'The review queue',
          parameters: Object.entries(z.toJSONSchema(alertsQuerySchema).properties ?? {}).map(([name, schema]) => ({
            name,
            in: 'query',
            schema,
          })),
          responses: { 200: { description: 'alerts, newest first' }, 401: error },
        },
      },
      '/api/alerts/{id}': {
        get: {
          summary: 'One alert with its evidence and audit trail',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { 200: { description: 'alert' }, 404: error },
        },
      },
      '/api/products': {
        get: {
          summary: 'Registry products whose name contains the words (accents ignored) or whose code is q; at most 100',
          parameters: [{ name: 'q', in: 'query', schema: { type: 'string', maxLength: 100 } }],
          responses: { 200: { description: 'products with their listing counts' }, 401: error },
        },
      },
      '/api/products/{id}': {
        get: {
          summary: 'One product: registry entry, listings, a year of checks, the verdict timeline, alerts',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { 200: { description: 'ProductDetail' }, 404: error },
        },
      },
      '/api/marketplaces': {
        get: {
          summary: 'Marketplace health of the last 30 daily runs (checks, unknown, parse failures, quarantine, holds)',
          responses: { 200: { description: 'RunHealth rows, newest run first' }, 401: error },
        },
      },
      '/api/outbox': {
        get: {
          summary: 'The notification outbox, newest first (reviewer or admin)',
          parameters: [{ name: 'state', in: 'query', schema: { type: 'string' } }],
          responses: { 200: { description: 'messages' }, 403: error },
        },
      },
      '/api/registry/import': {
        post: {
          summary:
            'Import a registry (kind=products) or listing (kind=listings) CSV/XLSX file (admin); needs the CSRF token',
          security: [{ session: [], csrf: [] }],
          requestBody: {
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['file'],
                  properties: {
                    kind: { type: 'string', enum: ['products', 'listings'] },
                    file: { type: 'string', format: 'binary' },
                  },
                },
              },
            },
          },
          responses: {
            200: { description: 'ImportReport: rows created, updated and refused, with each problem' },
            422: { description: 'ImportReport of a file refused whole: nothing imported' },
            400: error,
            403: error,
          },
        },
      },
      '/api/proposals': {
        get: {
          summary: 'Listings proposed by discovery (state: proposed, accepted or rejected), with their score and why',
          parameters: [
            { name: 'state', in: 'query', schema: { type: 'string', enum: ['proposed', 'accepted', 'rejected'] } },
          ],
          responses: { 200: { description: 'proposals, newest first' }, 401: error },
        },
      },
      '/api/proposals/{id}/accept': {
        post: {
          summary: 'Link the proposed listing to its product (reviewer or admin); needs the CSRF token',
          security: [{ session: [], csrf: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { 200: { description: 'accepted' }, 403: error, 409: error },
        },
      },
      '/api/proposals/{id}/reject': {
        post: {
          summary: 'Reject the proposal: never proposed again (reviewer or admin); needs the CSRF token',
          security: [{ session: [], csrf: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { 200: { description: 'rejected' }, 403: error, 409: error },
        },
      },
      '/api/alerts/{id}/review': {
        post: {
          summary: 'Confirm, dismiss or snooze (reviewer or admin); needs the session CSRF token',
          security: [{ session: [], csrf: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          requestBody: { content: { 'application/json': { schema: z.toJSONSchema(reviewBodySchema) } } },
          responses: { 200: { description: 'the reviewed alert and its audit trail' }, 400: error, 403: error },
        },
      },
    },
  };
}
