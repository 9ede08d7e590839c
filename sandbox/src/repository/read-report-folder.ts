import { PassThrough } from "node:stream";
import type Docker from "dockerode";
import { extract } from "tar-stream";
import { reportExportCommand } from "./repository-bootstrap.js";

/** The most bytes of report read from a container; a larger report is cut off. */
export const REPORT_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Waits inside a running container until the test command's exit status is in the report
 * folder, then reads the folder (through an exec that writes it as a tar archive): file
 * name → text. Resolves when the folder has been read; rejects when the exec fails or the
 * container stops first.
 */
export async function readReportFolder(
  docker: Docker,
  container: Docker.Container,
  reportFolder: string,
): Promise<Map<string, string>> {
  const exec = await container.exec({
    Cmd: reportExportCommand(reportFolder),
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stderr.resume();
  docker.modem.demuxStream(stream, stdout, stderr);
  stream.on("end", () => stdout.end());
  stream.on("close", () => stdout.end());
  stream.on("error", (error: Error) => stdout.destroy(error));

  const files = new Map<string, string>();
  const unpack = extract();
  let bytes = 0;
  const reading = (async () => {
    for await (const entry of unpack) {
      const name = entry.header.name.replace(/^\.\//, "");
      const chunks: Buffer[] = [];
      for await (const chunk of entry) {
        bytes += (chunk as Buffer).length;
        if (bytes <= REPORT_LIMIT_BYTES) chunks.push(chunk as Buffer);
      }
      if (entry.header.type === "file" && name !== "") {
        files.set(name, Buffer.concat(chunks).toString("utf8"));
      }
    }
  })();
  stdout.pipe(unpack);
  await reading;
  return files;
}
