import mongoose from "mongoose";
import type { TestScope } from "./scope.ts";

export interface TestDatabase {
  connection: mongoose.Connection;
  name: string;
  /** Drops the file's database and closes the connection; call in afterAll. */
  dispose(): Promise<void>;
}

/** A connection to the scope's own database on the shared server. */
export async function openTestDatabase(scope: TestScope): Promise<TestDatabase> {
  const connection = mongoose.createConnection(scope.mongoUrl, {
    dbName: scope.databaseName,
    serverSelectionTimeoutMS: 10_000,
  });
  await connection.asPromise();
  return {
    connection,
    name: scope.databaseName,
    async dispose() {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
