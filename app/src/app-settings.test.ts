import { describe, expect, it } from "vitest";
import { AppSettingsError, readAppSettings } from "./app-settings.js";

const KEY = "-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n";
const options = { cwd: "/srv/app", storeDataDir: ".codeforge/pgdata", needsWebhookSecret: true };

describe("readAppSettings", () => {
  it("reads Probot's variables and derives the GHES API from GHE_HOST and GHE_PROTOCOL", () => {
    const settings = readAppSettings(
      {
        APP_ID: "12",
        PRIVATE_KEY: KEY,
        WEBHOOK_SECRET: "s",
        GHE_HOST: "ghe.example:8443",
        GHE_PROTOCOL: "http",
        PORT: "8080",
      },
      options,
    );
    expect(settings).toMatchObject({
      appId: "12",
      privateKey: KEY,
      port: 8080,
      baseUrl: "http://ghe.example:8443/api/v3",
      trigger: "/codeforge",
      branchTemplate: "codeforge/issue-{number}-{slug}",
      draft: false,
      progressIntervalMs: 3000,
      queueDir: "/srv/app/.codeforge/queue",
      heartbeatSeconds: 30,
    });
    expect(
      readAppSettings({ APP_ID: "1", PRIVATE_KEY: KEY, WEBHOOK_SECRET: "s" }, options).baseUrl,
    ).toBe("https://api.github.com");
  });

  it("takes a base64 key and an escaped one-line key", () => {
    const base64 = Buffer.from(KEY).toString("base64");
    expect(
      readAppSettings({ APP_ID: "1", PRIVATE_KEY: base64, WEBHOOK_SECRET: "s" }, options)
        .privateKey,
    ).toBe(KEY);
    const oneLine = KEY.replace(/\n/g, "\\n");
    expect(
      readAppSettings({ APP_ID: "1", PRIVATE_KEY: oneLine, WEBHOOK_SECRET: "s" }, options)
        .privateKey,
    ).toBe(KEY);
  });

  it("reports every missing variable at once, saying what to set", () => {
    const read = () =>
      readAppSettings({ APP_ID: "", CODEFORGE_APP_HEARTBEAT_SECONDS: "5" }, options);
    expect(read).toThrow(AppSettingsError);
    expect(read).toThrow(/APP_ID is not set/);
    expect(read).toThrow(/PRIVATE_KEY or PRIVATE_KEY_PATH is not set/);
    expect(read).toThrow(/WEBHOOK_SECRET is not set/);
    expect(read).toThrow(/CODEFORGE_APP_HEARTBEAT_SECONDS/);
  });

  it("lets a worker start without the webhook secret", () => {
    expect(
      readAppSettings({ APP_ID: "1", PRIVATE_KEY: KEY }, { ...options, needsWebhookSecret: false })
        .webhookSecret,
    ).toBe("");
  });
});
