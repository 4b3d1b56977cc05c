import { Parser, type Quad, type Term } from 'n3';

/** The prefixes of the Turtle catalogue, kept as the JSON-LD context so keys read `dct:title`. */
const CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

/** An IRI under one of the context's prefixes, written `prefix:name`; any other in full. */
function compact(iri: string): string {
  for (const [prefix, base] of Object.entries(CONTEXT))
    if (iri.startsWith(base) && iri.length > base.length) return `${prefix}:${iri.slice(base.length)}`;
  return iri;
}

const nodeId = (term: Term) => (term.termType === 'BlankNode' ? `_:${term.value}` : term.value);

function objectOf(term: Term): Record<string, string> {
  if (term.termType === 'Literal') {
    const literal = term as Term & { language: string; datatype: { value: string } };
    if (literal.language) return { '@value': literal.value, '@language': literal.language };
    if (literal.datatype.value !== XSD_STRING)
      return { '@value': literal.value, '@type': compact(literal.datatype.value) };
    return { '@value': literal.value };
  }
  return { '@id': nodeId(term) };
}

/**
 * The DCAT catalogue as JSON-LD, for harvesters that take it rather than Turtle (CKAN's
 * ckanext-dcat reads both): made from the Turtle's own triples, so the two always say the same.
 * Flattened, one node per subject in `@graph`, each value an explicit `@value`/`@id` object.
 */
export function turtleToJsonLd(turtle: string): object {
  const quads: Quad[] = new Parser().parse(turtle);
  const nodes = new Map<string, Record<string, unknown>>();
  for (const quad of quads) {
    const id = nodeId(quad.subject);
    const node = nodes.get(id) ?? { '@id': id };
    nodes.set(id, node);
    if (quad.predicate.value === RDF_TYPE) {
      node['@type'] = [...((node['@type'] as string[] | undefined) ?? []), compact(quad.object.value)];
      continue;
    }
    const key = compact(quad.predicate.value);
    node[key] = [...((node[key] as unknown[] | undefined) ?? []), objectOf(quad.object)];
  }
  return { '@context': CONTEXT, '@graph': [...nodes.values()] };
}
