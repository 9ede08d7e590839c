import { queueContract } from "./test-support/queue-contract.js";

queueContract("embedded PGlite", () => ({ dataDir: "memory://" }));
