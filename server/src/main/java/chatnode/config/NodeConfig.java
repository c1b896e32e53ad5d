package chatnode.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a node is configured with, loaded once at start by {@link ConfigLoader} and passed
 * down. Each field's key (file, {@code --flag}, {@code CHAT_ENV}) and meaning are listed in
 * {@link Settings#ALL}.
 */
public record NodeConfig(
    String host,
    int port,
    Path dataDir,
    String storeUrl,
    String storeSync,
    String jwtSecret,
    String jwtPublicKey,
    String jwtPublicKeyAlgorithm,
    int tokenTtlSeconds,
    String adminPassword,
    int gatewayInstances,
    String transport,
    int maxFrameBytes,
    int maxTextCodePoints,
    int editWindowMinutes,
    int authTimeoutMs,
    int rateLimitPerSecond,
    int rateLimitBurst,
    int floodRefusals,
    int writeQueueBytes,
    int storeBatchMax,
    int storeQueueMax,
    int storeWaitMs,
    int storeLockTimeoutMs,
    int gapFillMs,
    int drainGraceMs,
    int maxConnections,
    int maxConnectionsPerIp,
    int maxConnectionsPerUser,
    int maxRoomsPerSession,
    int maxRoomsPerUser,
    int maxRoomMembers,
    int heartbeatIntervalMs,
    int heartbeatTimeoutMs,
    int upgradeTimeoutMs,
    int loginsPerMinutePerIp,
    int loginsPerMinutePerUser,
    int registrationsPerMinutePerIp,
    List<String> allowedOrigins,
    boolean forwardedFor,
    String tlsCert,
    String tlsKey,
    String redisUrl,
    String redisStream,
    String redisGroup,
    int redisClaimMs,
    String rabbitmqUrl,
    String rabbitmqQueue,
    boolean clustered,
    String clusterName,
    String clusterHost,
    int clusterPort,
    int clusterBusPort,
    List<String> clusterMembers,
    String clusterKubernetesService,
    String clusterKubernetesNamespace,
    String clusterTlsCert,
    String clusterTlsKey,
    String clusterTlsTrust) {

  public NodeConfig {
    clusterMembers = List.copyOf(clusterMembers);
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** The embedded store: one SQLite file under the data directory, shared by the nodes of a host. */
  public String effectiveStoreUrl() {
    return storeUrl != null ? storeUrl : "jdbc:sqlite:" + dataDir.resolve("chat.db").toAbsolutePath();
  }

}
