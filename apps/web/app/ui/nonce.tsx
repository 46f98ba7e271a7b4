import type { ReactNode } from "react";
import { createContext, useContext } from "react";

const NonceContext = createContext<string | undefined>(undefined);

/** The CSP nonce of the page being rendered on the server (none in the browser). */
export function NonceProvider(props: { nonce: string; children: ReactNode }) {
  return <NonceContext value={props.nonce}>{props.children}</NonceContext>;
}

export const useNonce = () => useContext(NonceContext);
