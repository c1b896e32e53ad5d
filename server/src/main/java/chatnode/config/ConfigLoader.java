package chatnode.config;

import chatnode.config.Settings.Setting;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds the {@link NodeConfig}: built-in defaults, then the JSON file, then {@code CHAT_*}
 * environment variables, then command-line flags (later wins), for the settings listed in
 * {@link Settings}. Unknown keys and bad values are fatal, with a message naming the setting.
 */
public final class ConfigLoader {

  /** The record components masked by {@link #describe}: the secret settings, named as in Java. */
  private static final Set<String> SECRET_COMPONENTS = Settings.ALL.stream().filter(Setting::secret)
      .map(s -> camelCase(s.key())).collect(Collectors.toUnmodifiableSet());

  /** The password of a URL's user information: {@code scheme://user:} then it, up to the {@code @}. */
  private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@\\s]*:)[^@/\\s]*@");

  private ConfigLoader() {}

  /** Raised with every problem found, so an operator fixes them in one go. */
  public static final class InvalidConfig extends RuntimeException {
    public InvalidConfig(List<String> problems) {
      super("invalid configuration:\n  - " + String.join("\n  - ", problems));
    }
  }

  public static NodeConfig load(String[] args, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Map<String, String> flags = parseFlags(args, problems);
    Map<String, String> values = new LinkedHashMap<>();
    Settings.ALL.forEach(s -> values.put(s.key(), s.defaultValue()));

    String file = flags.getOrDefault("config", env.get(Settings.byKey("config").env()));
    if (file != null) {
      readFile(Path.of(file), values, problems);
    }
    for (Setting s : Settings.ALL) {
      String v = env.get(s.env());
      if (v != null) {
        values.put(s.key(), v);
      }
    }
    values.putAll(flags);
    NodeConfig config = ConfigValues.toConfig(values, problems);
    if (!problems.isEmpty()) {
      throw new InvalidConfig(problems);
    }
    return config;
  }

  private static Map<String, String> parseFlags(String[] args, List<String> problems) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        problems.add("unexpected argument '" + arg + "' (settings are given as --key value)");
        continue;
      }
      String key = arg.substring(2);
      String value = null;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      }
      if (Settings.byKey(key) == null) {
        problems.add("unknown flag --" + key);
        continue;
      }
      if (value == null) {
        boolean isSwitch = key.equals("standalone");
        if (isSwitch && (i + 1 == args.length || args[i + 1].startsWith("--"))) {
          value = "true";
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          problems.add("flag --" + key + " needs a value");
          continue;
        }
      }
      flags.put(key, value);
    }
    return flags;
  }

  private static void readFile(Path file, Map<String, String> values, List<String> problems) {
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      problems.add("config file " + file + " cannot be read as a JSON object: " + e.getMessage());
      return;
    }
    json.forEach(e -> {
      if (Settings.byKey(e.getKey()) == null || e.getKey().equals("config")) {
        problems.add("unknown key '" + e.getKey() + "' in " + file);
      } else if (e.getValue() instanceof JsonArray array) {
        values.put(e.getKey(), String.join(",", array.stream().map(String::valueOf).toList()));
      } else if (e.getValue() != null) {
        values.put(e.getKey(), String.valueOf(e.getValue()));
      }
    });
  }

  /** The effective settings as JSON, secrets masked, for the start-up log. */
  public static String describe(NodeConfig config) {
    JsonObject out = new JsonObject();
    for (RecordComponent c : NodeConfig.class.getRecordComponents()) {
      try {
        Object value = c.getAccessor().invoke(config);
        // A URL's password (redis://:pw@host, amqp://user:pw@host) is masked wherever it is given.
        out.put(c.getName(), value == null ? null : SECRET_COMPONENTS.contains(c.getName()) ? "****"
            : URL_PASSWORD.matcher(value.toString()).replaceAll("$1****@"));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    out.put("storeUrl", config.effectiveStoreUrl().replaceAll("(?i)(password=)[^&;]*", "$1****"));
    return out.encodePrettily();
  }

  private static String camelCase(String key) {
    StringBuilder out = new StringBuilder();
    for (String part : key.split("-")) {
      out.append(out.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
    }
    return out.toString();
  }
}
