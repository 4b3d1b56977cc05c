/** A product as an external registry gives it, in the store's own terms. */
export interface RegistryRecord {
  nationalId: string;
  name: string;
  productGroup: string;
  stars: number;
  certificateNumber: string | null;
  certifiedDate: string;
  expiryDate: string;
  /** active, or revoked when the registry says the certificate was withdrawn. */
  status: 'active' | 'revoked';
  producer: { name: string; contactPerson: string | null; phone: string | null; email: string | null; address: string };
}

/** What a source remembers of each id from the last sync, so it can skip what has not changed. */
export interface KnownEntry {
  inProvince: boolean;
  listedName: string;
  listedStars: number | null;
}

/** One id as the registry lists it, and — when read — its record and whether it is this province's. */
export interface ListedEntry {
  nationalId: string;
  listedName: string;
  listedStars: number | null;
  inProvince: boolean;
  /** Read this time (in the province), or null when known to be another province's and unchanged. */
  record: RegistryRecord | null;
}

export interface RegistryRead {
  /** Every id the registry listed, with what was read of it. */
  listed: ListedEntry[];
  /** Every page and every needed record was read: only then may a missing id mean removal. */
  complete: boolean;
  /** What could not be read or understood, in words for the operator. */
  problems: string[];
  requests: number;
}

/**
 * A registry beside the CSV/XLSX files: the national OCOP system today, any other later. `read`
 * gets what the last sync saw of each id, to spare requests for what has not changed.
 */
export interface RegistrySource {
  readonly id: string;
  read(known: ReadonlyMap<string, KnownEntry>): Promise<RegistryRead>;
}
