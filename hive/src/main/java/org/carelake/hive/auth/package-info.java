/**
 * HiveServer2 logins without Kerberos: {@link org.carelake.hive.auth.PasswordFileAuthenticator} checks
 * user and password against a {@link org.carelake.hive.auth.PasswordFile} of PBKDF2 hashes
 * (hive.server2.authentication=CUSTOM). LDAP is Hive's own (hive.server2.authentication=LDAP).
 */
package org.carelake.hive.auth;
