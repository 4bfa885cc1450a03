package org.carelake.split.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An in-process HTTP endpoint on 127.0.0.1 speaking the AWS KMS JSON protocol (1.1) for Encrypt
 * and Decrypt, so the exact requests AwsKmsClient sends can be checked: target header, content
 * type, body fields, and the Signature Version 4 signature, recomputed here with the same
 * credentials. It keeps each plaintext by its ciphertext blob, refuses keys it is not told to
 * allow (AccessDeniedException, as KMS answers) and a Decrypt whose key or encryption context
 * differs from the Encrypt's.
 */
final class FakeKmsEndpoint implements AutoCloseable {
  record Request(String target, String contentType, JsonNode body, boolean signatureValid, String credentialScope) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final String accessKey;
  private final String secretKey;
  private final String region;
  private final Set<String> allowedKeys;
  private final Map<String, ObjectNode> ciphertexts = new ConcurrentHashMap<>();
  final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  FakeKmsEndpoint(String accessKey, String secretKey, String region, Set<String> allowedKeys) throws IOException {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
    this.allowedKeys = allowedKeys;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange x) throws IOException {
    byte[] body = x.getRequestBody().readAllBytes();
    String target = x.getRequestHeaders().getFirst("X-Amz-Target");
    String contentType = x.getRequestHeaders().getFirst("Content-Type");
    JsonNode json = JSON.readTree(body);
    String auth = x.getRequestHeaders().getFirst("Authorization");
    boolean valid = auth != null && verifySignature(x, body, auth);
    String scope = auth == null ? "" : auth.replaceAll(".*Credential=[^/]+/([^,]+),.*", "$1");
    requests.add(new Request(target, contentType, json, valid, scope));
    if (!valid) {
      reply(x, 400, error("InvalidSignatureException", "signature does not match"));
      return;
    }
    String keyId = json.path("KeyId").asText();
    if (!allowedKeys.contains(keyId)) {
      reply(x, 400, error("AccessDeniedException", "User is not authorized to perform kms:* on " + keyId));
      return;
    }
    ObjectNode out = JSON.createObjectNode();
    if ("TrentService.Encrypt".equals(target)) {
      byte[] blob = new byte[48];
      new SecureRandom().nextBytes(blob);
      String b64 = Base64.getEncoder().encodeToString(blob);
      ObjectNode kept = JSON.createObjectNode();
      kept.put("KeyId", keyId);
      kept.put("Plaintext", json.path("Plaintext").asText());
      kept.set("EncryptionContext", json.path("EncryptionContext"));
      ciphertexts.put(b64, kept);
      out.put("CiphertextBlob", b64);
    } else if ("TrentService.Decrypt".equals(target)) {
      ObjectNode kept = ciphertexts.get(json.path("CiphertextBlob").asText());
      if (kept == null || !kept.path("KeyId").asText().equals(keyId)
          || !kept.path("EncryptionContext").equals(json.path("EncryptionContext"))) {
        reply(x, 400, error("InvalidCiphertextException", "ciphertext, key or encryption context do not match"));
        return;
      }
      out.put("Plaintext", kept.path("Plaintext").asText());
    } else {
      reply(x, 400, error("UnknownOperationException", String.valueOf(target)));
      return;
    }
    out.put("KeyId", "arn:aws:kms:" + region + ":111122223333:key/" + keyId);
    out.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    reply(x, 200, out);
  }

  private static ObjectNode error(String type, String message) {
    ObjectNode n = JSON.createObjectNode();
    n.put("__type", type);
    n.put("message", message);
    return n;
  }

  private static void reply(HttpExchange x, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    x.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    x.getResponseHeaders().set("x-amzn-RequestId", "fake-" + System.nanoTime());
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  /** Signature Version 4, recomputed from the request as received. */
  private boolean verifySignature(HttpExchange x, byte[] body, String auth) {
    try {
      String credential = auth.replaceAll(".*Credential=([^,]+),.*", "$1");
      String[] cred = credential.split("/");
      if (!cred[0].equals(accessKey) || !cred[2].equals(region) || !cred[3].equals("kms")) {
        return false;
      }
      String signedHeaders = auth.replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
      String signature = auth.replaceAll(".*Signature=([0-9a-f]+).*", "$1");
      String amzDate = x.getRequestHeaders().getFirst("X-Amz-Date");
      StringBuilder canonicalHeaders = new StringBuilder();
      TreeMap<String, String> headers = new TreeMap<>();
      x.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v).trim()));
      for (String h : signedHeaders.split(";")) {
        canonicalHeaders.append(h).append(':').append(headers.get(h)).append('\n');
      }
      String canonicalRequest = x.getRequestMethod() + "\n" + x.getRequestURI().getRawPath() + "\n"
          + (x.getRequestURI().getRawQuery() == null ? "" : x.getRequestURI().getRawQuery()) + "\n"
          + canonicalHeaders + "\n" + signedHeaders + "\n" + hex(sha256(body));
      String scope = cred[1] + "/" + cred[2] + "/" + cred[3] + "/" + cred[4];
      String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
          + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
      byte[] k = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), cred[1]);
      k = hmac(k, cred[2]);
      k = hmac(k, cred[3]);
      k = hmac(k, "aws4_request");
      return hex(hmac(k, toSign)).equals(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha256(byte[] data) throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
