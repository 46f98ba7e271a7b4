import mongoose from "mongoose";

export type Collection<T extends mongoose.mongo.Document = mongoose.mongo.Document> =
  mongoose.mongo.Collection<T>;

export interface Database {
  connection: mongoose.Connection;
  /** A collection of the service's database, through the driver (plain objects in and out). */
  collection<T extends mongoose.mongo.Document>(name: string): Collection<T>;
  /** Readiness: the server answers a ping. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Connects to the service's own database; fails fast when the server is unreachable. */
export async function connectDatabase(url: string, databaseName: string): Promise<Database> {
  const connection = mongoose.createConnection(url, {
    dbName: databaseName,
    serverSelectionTimeoutMS: 5000,
    // Models never build indexes behind our back; services create them explicitly at start-up.
    autoIndex: false,
    autoCreate: false,
  });
  await connection.asPromise();
  const db = connection.getClient().db(databaseName);
  return {
    connection,
    collection: <T extends mongoose.mongo.Document>(name: string) => db.collection<T>(name),
    async ping() {
      await db.command({ ping: 1 }, { timeoutMS: 2000 });
    },
    close: () => connection.close(),
  };
}
