import { useEffect, useRef, useState } from "react";

/**
 * Listens to the gateway's server-sent events for the signed-in user (relayed at /su-kien) and
 * calls `onEvent` for each event of `type` (`figures`, `alert`); true while connected.
 */
export function useLiveEvents(type: "figures" | "alert", onEvent: () => void): boolean {
  const [live, setLive] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const source = new EventSource("/su-kien");
    source.addEventListener("open", () => setLive(true));
    source.addEventListener("error", () => setLive(false));
    source.addEventListener(type, () => handler.current());
    return () => source.close();
  }, [type]);
  return live;
}
