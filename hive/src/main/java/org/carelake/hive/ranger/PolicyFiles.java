package org.carelake.hive.ranger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.model.RangerServiceDef;
import org.apache.ranger.plugin.util.ServicePolicies;

/**
 * Reads every *.json file of a policy directory (Ranger Admin export format) into one
 * {@link ServicePolicies} for the engine. All or nothing: any file that does not parse or holds
 * a policy the service-def rejects fails the whole read, naming the file, so a typo never
 * silently drops one policy while the rest load.
 */
public final class PolicyFiles {
  /** Service id reported to Ranger; there is one service per policy directory. */
  static final long SERVICE_ID = 1L;

  private PolicyFiles() {
  }

  /**
   * The policies of {@code dir} for service {@code serviceName}. The policy version is derived
   * from the files' names and bytes, so it changes exactly when a file changes.
   */
  public static ServicePolicies read(Path dir, String serviceName, RangerServiceDef def) {
    List<Path> files = list(dir);
    PolicyChecks checks = new PolicyChecks(def);
    ObjectMapper mapper = HiveServiceDef.mapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    MessageDigest digest = sha256();
    List<RangerPolicy> policies = new ArrayList<>();
    Map<Long, String> ids = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    long newest = 0;
    for (Path file : files) {
      byte[] bytes = readBytes(file);
      digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      digest.update(bytes);
      newest = Math.max(newest, lastModified(file));
      PolicyExportFile export = parse(mapper, file, bytes);
      if (export.getPolicies() == null || export.getPolicies().isEmpty()) {
        throw new PolicyFileException("Policy file " + file + " has no \"policies\"; export them from Ranger Admin "
            + "or remove the file");
      }
      for (int i = 0; i < export.getPolicies().size(); i++) {
        RangerPolicy p = export.getPolicies().get(i);
        String where = "Policy file " + file + ", policy #" + (i + 1) + " (id " + p.getId() + ", '" + p.getName() + "')";
        checks.check(p, serviceName, where);
        String other = ids.putIfAbsent(p.getId(), file.toString());
        if (other != null) {
          throw new PolicyFileException(where + " reuses id " + p.getId() + " already taken in " + other
              + "; policy ids must be unique across the directory");
        }
        other = names.putIfAbsent(p.getName(), file.toString());
        if (other != null) {
          throw new PolicyFileException(where + " reuses name '" + p.getName() + "' already taken in " + other
              + "; policy names must be unique (Ranger Admin refuses duplicates on import)");
        }
        policies.add(p);
      }
    }
    ServicePolicies sp = new ServicePolicies();
    sp.setServiceName(serviceName);
    sp.setServiceId(SERVICE_ID);
    sp.setPolicyVersion(ByteBuffer.wrap(digest.digest()).getLong() & Long.MAX_VALUE);
    sp.setPolicyUpdateTime(new Date(newest));
    sp.setServiceDef(def);
    sp.setPolicies(policies);
    return sp;
  }

  static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new PolicyFileException("Policy directory " + dir + " does not exist; set "
          + AuthorizationSettings.POLICY_DIR + " to the directory holding hive-policies.json");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      throw new PolicyFileException("Cannot list policy directory " + dir + ": " + e, e);
    }
    if (files.isEmpty()) {
      throw new PolicyFileException("Policy directory " + dir + " holds no *.json policy files; without policies "
          + "every access is denied. Put hive-policies.json (Ranger Admin export format) there");
    }
    return files;
  }

  private static PolicyExportFile parse(ObjectMapper mapper, Path file, byte[] bytes) {
    try {
      PolicyExportFile export = mapper.readValue(bytes, PolicyExportFile.class);
      if (export == null) {
        throw new PolicyFileException("Policy file " + file + " is empty; expected {\"metaDataInfo\": {...}, "
            + "\"policies\": [...]} (Ranger Admin export format)");
      }
      return export;
    } catch (JsonProcessingException e) {
      String at = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new PolicyFileException("Policy file " + file + " does not parse" + at + ": " + e.getOriginalMessage()
          + "; fix it (Ranger Admin export format: {\"metaDataInfo\": {...}, \"policies\": [...]})", e);
    } catch (IOException e) {
      throw new PolicyFileException("Cannot read policy file " + file + ": " + e, e);
    }
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new PolicyFileException("Cannot read policy file " + file + ": " + e, e);
    }
  }

  private static long lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new PolicyFileException("Cannot stat policy file " + file + ": " + e, e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
