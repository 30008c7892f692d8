/**
 * A very small promise wrapper over IndexedDB, enough for the offline inspection drafts: one
 * database, two object stores (drafts by clientUuid, photo blobs by id). No library needed.
 */
const DB_NAME = 'gasguard-offline';
const DB_VERSION = 1;
export const DRAFTS = 'drafts';
export const BLOBS = 'blobs';

let opening: Promise<IDBDatabase> | null = null;

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

export function openDb(): Promise<IDBDatabase> {
  if (opening) return opening;
  opening = new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('IndexedDB is not available in this browser'));
      return;
    }
    const r = indexedDB.open(DB_NAME, DB_VERSION);
    r.onupgradeneeded = () => {
      const db = r.result;
      if (!db.objectStoreNames.contains(DRAFTS)) db.createObjectStore(DRAFTS, { keyPath: 'clientUuid' });
      if (!db.objectStoreNames.contains(BLOBS)) db.createObjectStore(BLOBS, { keyPath: 'id' }).createIndex('byDraft', 'clientUuid');
    };
    r.onsuccess = () => {
      const db = r.result;
      // Another tab upgrading the schema: let it, and reopen next time.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    r.onerror = () => {
      opening = null;
      reject(r.error ?? new Error('IndexedDB open failed'));
    };
    r.onblocked = () => undefined;
  });
  return opening;
}

export async function idbGet<T>(store: string, key: string): Promise<T | undefined> {
  const db = await openDb();
  return req(db.transaction(store, 'readonly').objectStore(store).get(key)) as Promise<T | undefined>;
}

export async function idbAll<T>(store: string): Promise<T[]> {
  const db = await openDb();
  return req(db.transaction(store, 'readonly').objectStore(store).getAll()) as Promise<T[]>;
}

export async function idbPut<T>(store: string, value: T): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(store, 'readwrite');
  tx.objectStore(store).put(value);
  await done(tx);
}

export async function idbDelete(store: string, key: string): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(store, 'readwrite');
  tx.objectStore(store).delete(key);
  await done(tx);
}

/** Delete every blob of a draft (after it was submitted or discarded). */
export async function idbDeleteBlobsOf(clientUuid: string): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(BLOBS, 'readwrite');
  const index = tx.objectStore(BLOBS).index('byDraft');
  const keys = await req(index.getAllKeys(clientUuid));
  for (const k of keys) tx.objectStore(BLOBS).delete(k);
  await done(tx);
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}
