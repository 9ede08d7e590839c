import Docker from "dockerode";

/**
 * The Docker engine client every command uses. dockerode's modem follows `DOCKER_HOST`
 * (unix socket, tcp or ssh), `DOCKER_TLS_VERIFY` and `DOCKER_CERT_PATH` from the process
 * environment, the same variables the `docker` CLI reads, so a remote engine works.
 */
export function createDockerClient(): Docker {
  return new Docker();
}
