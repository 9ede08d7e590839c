import { describe, expect, it } from "vitest";
import type { GitHubClient } from "../github-client.js";
import { checkPermission } from "./check-permission.js";

/** A client that answers the permission route from a table and records what was asked. */
function permissionClient(answers: Record<string, string | number>) {
  const asked: Array<{ route: string; parameters?: Record<string, unknown> }> = [];
  const client: GitHubClient = {
    async request(route, parameters) {
      asked.push({ route, ...(parameters ? { parameters } : {}) });
      const answer = answers[String(parameters?.username)];
      if (typeof answer === "number") {
        throw Object.assign(new Error(`HTTP ${answer}`), { status: answer });
      }
      return { status: 200, data: { permission: answer ?? "none", role_name: answer } };
    },
  };
  return { client, asked };
}

const repository = { owner: "octo", repo: "app" };

describe("checkPermission", () => {
  it("allows write and admin, asking the API with the user's login", async () => {
    const { client, asked } = permissionClient({ alice: "write", root: "admin" });
    expect(await checkPermission(client, repository, { login: "alice", type: "User" })).toEqual({
      allowed: true,
      permission: "write",
    });
    expect(await checkPermission(client, repository, { login: "root", type: "User" })).toEqual({
      allowed: true,
      permission: "admin",
    });
    expect(asked[0]).toEqual({
      route: "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
      parameters: { owner: "octo", repo: "app", username: "alice" },
    });
  });

  it("allows a maintainer (permission write, role maintain)", async () => {
    const client: GitHubClient = {
      request: async () => ({ status: 200, data: { permission: "write", role_name: "maintain" } }),
    };
    expect(await checkPermission(client, repository, { login: "m", type: "User" })).toEqual({
      allowed: true,
      permission: "maintain",
    });
  });

  it("refuses read and triage access and a non-collaborator", async () => {
    const { client } = permissionClient({ reader: "read", stranger: 404 });
    expect(await checkPermission(client, repository, { login: "reader", type: "User" })).toEqual({
      allowed: false,
      reason: "permission",
      permission: "read",
    });
    expect(await checkPermission(client, repository, { login: "stranger", type: "User" })).toEqual({
      allowed: false,
      reason: "permission",
      permission: "none",
    });
  });

  it("refuses bots without asking the API", async () => {
    const { client, asked } = permissionClient({});
    expect(
      await checkPermission(client, repository, { login: "codeforge[bot]", type: "Bot" }),
    ).toEqual({ allowed: false, reason: "bot" });
    expect(
      await checkPermission(client, repository, { login: "renovate[bot]", type: "User" }),
    ).toEqual({ allowed: false, reason: "bot" });
    expect(asked).toEqual([]);
  });

  it("throws on an API fault so the caller can retry", async () => {
    const { client } = permissionClient({ alice: 502 });
    await expect(
      checkPermission(client, repository, { login: "alice", type: "User" }),
    ).rejects.toThrow("HTTP 502");
  });
});
