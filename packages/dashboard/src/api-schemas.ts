import { z } from 'zod';

export const reviewBodySchema = z.object({
  action: z.enum(['confirm', 'dismiss', 'snooze']),
  note: z.string().max(500).optional(),
  until: z.iso.date().optional(),
});

export const alertsQuerySchema = z.object({
  type: z.string().max(40).optional(),
  state: z.enum(['live', 'open', 'confirmed', 'dismissed', 'snoozed', 'resolved']).optional(),
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
