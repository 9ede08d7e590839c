// Types for the two parts of `pg` that `create-pg-pool.ts` loads directly; they are the
// same classes `pg` itself exports, so they reuse the `@types/pg` declarations.
declare module "pg/lib/client.js" {
  import type { Client } from "pg";

  const ClientClass: typeof Client;
  export default ClientClass;
}

declare module "pg-pool" {
  import type { Client, Pool, PoolConfig } from "pg";

  const PoolClass: new (config: PoolConfig, client: typeof Client) => Pool;
  export default PoolClass;
}
