import type { Socket } from "node:net";
import { connect, createServer } from "node:net";

export interface Balancer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * One address over the replicas of an app, as a Kubernetes Service is: each new connection goes
 * to the next replica in turn, and to the one after when a replica refuses it (a killed pod's
 * address leaves the Service's endpoints). Connections to a replica that dies are cut, as they
 * are in a cluster; nothing is retried for the client.
 */
export function startBalancer(ports: readonly number[]): Promise<Balancer> {
  let next = 0;
  const open = new Set<Socket>();
  const reach = (client: Socket, tries: number) => {
    const port = ports[next++ % ports.length] as number;
    const upstream = connect({ port, host: "127.0.0.1" });
    let connected = false;
    upstream.once("error", () => {
      if (!connected && tries + 1 < ports.length) reach(client, tries + 1);
      else client.destroy();
    });
    upstream.once("connect", () => {
      connected = true;
      open.add(upstream);
      upstream.on("close", () => {
        open.delete(upstream);
        client.destroy();
      });
      client.on("close", () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  };
  const server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.on("error", () => client.destroy());
    reach(client, 0);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of open) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
