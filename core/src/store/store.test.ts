import { createTestStore } from "./create-test-store.js";
import { describeStoreContract } from "./test-support/store-contract.js";

describeStoreContract("store on PGlite (in memory)", createTestStore);
