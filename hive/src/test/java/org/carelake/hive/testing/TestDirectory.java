package org.carelake.hive.testing;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import java.net.InetAddress;

/**
 * A real LDAP directory in this JVM (UnboundID's in-memory server) holding CareLake's local users
 * under ou=people and their groups (groupOfNames) under ou=groups: analysts, phi_stewards, etl.
 */
public final class TestDirectory implements AutoCloseable {
  public static final String BASE = "dc=carelake,dc=local";
  public static final String PEOPLE = "ou=people," + BASE;
  public static final String GROUPS = "ou=groups," + BASE;

  private final InMemoryDirectoryServer server;

  private TestDirectory(InMemoryDirectoryServer server) {
    this.server = server;
  }

  /** Starts on a free loopback port with analyst1, steward1 and etl, each with password USER-ldap-password. */
  public static TestDirectory start() throws LDAPException, com.unboundid.ldif.LDIFException {
    InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig(BASE);
    cfg.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
    InMemoryDirectoryServer ldap = new InMemoryDirectoryServer(cfg);
    ldap.add("dn: " + BASE, "objectClass: domain", "dc: carelake");
    ldap.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
    ldap.add("dn: " + GROUPS, "objectClass: organizationalUnit", "ou: groups");
    for (String uid : new String[] {"analyst1", "steward1", "etl"}) {
      ldap.add("dn: uid=" + uid + "," + PEOPLE, "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + uid,
          "sn: " + uid, "userPassword: " + password(uid));
    }
    group(ldap, "analysts", "analyst1");
    group(ldap, "phi_stewards", "steward1");
    group(ldap, "etl", "etl");
    ldap.startListening();
    return new TestDirectory(ldap);
  }

  private static void group(InMemoryDirectoryServer ldap, String cn, String member) throws LDAPException, com.unboundid.ldif.LDIFException {
    ldap.add("dn: cn=" + cn + "," + GROUPS, "objectClass: groupOfNames", "cn: " + cn, "member: uid=" + member + ","
        + PEOPLE);
  }

  /** The directory password of {@code uid}. */
  public static String password(String uid) {
    return uid + "-ldap-password";
  }

  public String url() {
    return "ldap://127.0.0.1:" + server.getListenPort();
  }

  @Override
  public void close() {
    server.shutDown(true);
  }
}
