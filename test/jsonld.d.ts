// jsonld ships no types: only what the open-data test calls.
declare module 'jsonld' {
  const jsonld: {
    canonize(
      input: object | string,
      options: { algorithm: 'URDNA2015' | 'RDFC-1.0'; inputFormat?: string; format?: string },
    ): Promise<string>;
    toRDF(input: object, options: { format: 'application/n-quads' }): Promise<string>;
  };
  export default jsonld;
}
