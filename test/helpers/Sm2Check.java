import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * BouncyCastle's verdict on SM2 signatures sealdesk makes, with BC's SM2Signer and its default
 * ID (1234567812345678): an independent implementation of GM/T 0003 and of the ASN.1 around it.
 *   sig SPKI.der MESSAGE SIGNATURE.der   a bare SM2 signature
 *   signed OBJECT.der SPKI.der           a certificate, CRL or CSR: SEQUENCE { tbs, algorithm, signature }
 *   cert CERT.der ISSUER.der             a certificate loaded by BC's X.509 CertificateFactory and verified by it
 *   cms CMS.der CONTENT                  a detached CMS SignedData: SM3 message digest, SM2 over DER(signedAttrs)
 *   ofd PACKAGE.ofd                      every signature Signatures.xml lists: SM3 of each Reference's file is its
 *                                        CheckValue, the SES_Signature's dataHash is SM3(Signature.xml), SM2 over
 *                                        DER(TBS_Sign) with the signer certificate's key (the zip read by java.util.zip,
 *                                        the XML by the JDK's parser: nothing of sealdesk's)
 * Prints OK (exit 0) or FAIL: reason (exit 1).
 */
public class Sm2Check {
  static final String SM3 = "1.2.156.10197.1.401";
  static final String SM3_WITH_SM2 = "1.2.156.10197.1.501";
  static final String SM2_1 = "1.2.156.10197.1.301.1";
  static final String MESSAGE_DIGEST = "1.2.840.113549.1.9.4";

  static byte[] read(String path) throws Exception {
    return Files.readAllBytes(Path.of(path));
  }

  static boolean sm2(byte[] spki, byte[] message, byte[] signature) throws Exception {
    AsymmetricKeyParameter key = PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(spki));
    SM2Signer signer = new SM2Signer();
    signer.init(false, key);
    signer.update(message, 0, message.length);
    return signer.verifySignature(signature);
  }

  static String signed(byte[] object, byte[] spki) throws Exception {
    ASN1Sequence seq = ASN1Sequence.getInstance(object);
    String oid = ASN1Sequence.getInstance(seq.getObjectAt(1)).getObjectAt(0).toString();
    if (!oid.equals(SM3_WITH_SM2)) return "signature algorithm " + oid;
    byte[] tbs = seq.getObjectAt(0).toASN1Primitive().getEncoded(ASN1Encoding.DER);
    byte[] signature = ASN1BitString.getInstance(seq.getObjectAt(2)).getOctets();
    return sm2(spki, tbs, signature) ? null : "signature does not verify";
  }

  static String cert(byte[] der, byte[] issuerDer) throws Exception {
    Security.addProvider(new BouncyCastleProvider());
    CertificateFactory factory = CertificateFactory.getInstance("X.509", "BC");
    X509Certificate cert = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
    X509Certificate issuer = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(issuerDer));
    if (!cert.getSigAlgOID().equals(SM3_WITH_SM2)) return "signature algorithm " + cert.getSigAlgOID();
    try {
      cert.verify(issuer.getPublicKey(), "BC");
    } catch (java.security.SignatureException e) {
      return "signature does not verify: " + e.getMessage();
    }
    return null;
  }

  /** Walks the CMS with bcprov's generic ASN.1 (its CMS classes are in bcutil, which Debian does not ship with bcprov). */
  static String cms(byte[] der, byte[] content) throws Exception {
    ASN1Sequence contentInfo = ASN1Sequence.getInstance(der);
    ASN1Sequence sd = ASN1Sequence.getInstance(ASN1TaggedObject.getInstance(contentInfo.getObjectAt(1)).getExplicitBaseObject());
    ASN1Set certificates = null;
    ASN1Set signerInfos = null;
    for (ASN1Encodable field : sd) {
      if (field instanceof ASN1TaggedObject && ((ASN1TaggedObject) field).getTagNo() == 0) certificates = ASN1Set.getInstance((ASN1TaggedObject) field, false);
      if (field instanceof ASN1Set) signerInfos = (ASN1Set) field;
    }
    if (certificates == null || signerInfos == null || signerInfos.size() != 1) return "not one signer with certificates";
    ASN1Sequence si = ASN1Sequence.getInstance(signerInfos.getObjectAt(0));
    ASN1Sequence sid = ASN1Sequence.getInstance(si.getObjectAt(1));
    String digestOid = AlgorithmIdentifier.getInstance(si.getObjectAt(2)).getAlgorithm().toString();
    ASN1Set attrs = ASN1Set.getInstance((ASN1TaggedObject) si.getObjectAt(3), false);
    String sigOid = AlgorithmIdentifier.getInstance(si.getObjectAt(4)).getAlgorithm().toString();
    byte[] signature = ASN1OctetString.getInstance(si.getObjectAt(5)).getOctets();
    if (!digestOid.equals(SM3)) return "digest algorithm " + digestOid;
    if (!sigOid.equals(SM3_WITH_SM2) && !sigOid.equals(SM2_1)) return "signature algorithm " + sigOid;
    byte[] expected = null;
    for (ASN1Encodable a : attrs) {
      ASN1Sequence attribute = ASN1Sequence.getInstance(a);
      if (attribute.getObjectAt(0).toString().equals(MESSAGE_DIGEST)) expected = ASN1OctetString.getInstance(ASN1Set.getInstance(attribute.getObjectAt(1)).getObjectAt(0)).getOctets();
    }
    SM3Digest sm3 = new SM3Digest();
    sm3.update(content, 0, content.length);
    byte[] actual = new byte[32];
    sm3.doFinal(actual, 0);
    if (expected == null || !Arrays.equals(expected, actual)) return "message digest is not SM3 of the content";
    Certificate signerCert = null;
    for (ASN1Encodable c : certificates) {
      Certificate cert = Certificate.getInstance(c);
      if (cert.getIssuer().equals(X500Name.getInstance(sid.getObjectAt(0))) && cert.getSerialNumber().equals(ASN1Integer.getInstance(sid.getObjectAt(1)))) signerCert = cert;
    }
    if (signerCert == null) return "no signer certificate";
    byte[] toBeSigned = attrs.getEncoded(ASN1Encoding.DER);
    return sm2(signerCert.getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER), toBeSigned, signature) ? null : "signature does not verify";
  }

  static byte[] sm3(byte[] data) {
    SM3Digest digest = new SM3Digest();
    digest.update(data, 0, data.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  static byte[] entry(java.util.zip.ZipFile zip, String name) throws Exception {
    java.util.zip.ZipEntry e = zip.getEntry(name);
    if (e == null) return null;
    try (java.io.InputStream in = zip.getInputStream(e)) {
      return in.readAllBytes();
    }
  }

  static org.w3c.dom.Document xml(byte[] bytes) throws Exception {
    javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
  }

  static String first(org.w3c.dom.Document doc, String name) {
    org.w3c.dom.NodeList list = doc.getElementsByTagNameNS("*", name);
    return list.getLength() == 0 ? null : list.item(0).getTextContent().trim();
  }

  /** A location from the file `from`: from the package root with a leading slash, else from `from`'s folder. */
  static String resolve(String from, String loc) {
    if (loc.startsWith("/")) return loc.substring(1);
    int slash = from.lastIndexOf('/');
    return (slash < 0 ? "" : from.substring(0, slash + 1)) + loc;
  }

  static String ofd(String path) throws Exception {
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(path, java.nio.charset.StandardCharsets.UTF_8)) {
      String signsLoc = first(xml(entry(zip, "OFD.xml")), "Signatures");
      if (signsLoc == null) return "OFD.xml names no Signatures.xml";
      String signsFile = resolve("OFD.xml", signsLoc);
      org.w3c.dom.NodeList listed = xml(entry(zip, signsFile)).getElementsByTagNameNS("*", "Signature");
      if (listed.getLength() == 0) return "no signature";
      for (int i = 0; i < listed.getLength(); i++) {
        String file = resolve(signsFile, ((org.w3c.dom.Element) listed.item(i)).getAttribute("BaseLoc"));
        String problem = ofdSignature(zip, file);
        if (problem != null) return file + ": " + problem;
      }
      return null;
    }
  }

  static String ofdSignature(java.util.zip.ZipFile zip, String file) throws Exception {
    byte[] signatureXml = entry(zip, file);
    org.w3c.dom.Document doc = xml(signatureXml);
    String method = ((org.w3c.dom.Element) doc.getElementsByTagNameNS("*", "References").item(0)).getAttribute("CheckMethod");
    if (!method.equals(SM3) && !method.equalsIgnoreCase("sm3")) return "check method " + method;
    org.w3c.dom.NodeList refs = doc.getElementsByTagNameNS("*", "Reference");
    for (int i = 0; i < refs.getLength(); i++) {
      org.w3c.dom.Element ref = (org.w3c.dom.Element) refs.item(i);
      String name = resolve("OFD.xml", ref.getAttribute("FileRef"));
      byte[] data = entry(zip, name);
      if (data == null) return "reference " + name + " is missing";
      String expected = ref.getElementsByTagNameNS("*", "CheckValue").item(0).getTextContent().replaceAll("\\s+", "");
      if (!java.util.Base64.getEncoder().encodeToString(sm3(data)).equals(expected)) return "reference " + name + " does not match its CheckValue";
    }
    byte[] value = entry(zip, resolve(file, first(doc, "SignedValue")));
    if (value == null) return "no SignedValue";
    ASN1Sequence ses = ASN1Sequence.getInstance(value);
    ASN1Sequence tbs = ASN1Sequence.getInstance(ses.getObjectAt(0));
    byte[] cert = ASN1OctetString.getInstance(ses.getObjectAt(1)).getOctets();
    String oid = ses.getObjectAt(2).toString();
    byte[] signature = ASN1BitString.getInstance(ses.getObjectAt(3)).getOctets();
    if (!oid.equals(SM3_WITH_SM2)) return "signature algorithm " + oid;
    byte[] dataHash = ASN1BitString.getInstance(tbs.getObjectAt(3)).getOctets();
    if (!Arrays.equals(dataHash, sm3(signatureXml))) return "dataHash is not SM3 of Signature.xml";
    String propertyInfo = tbs.getObjectAt(4).toString();
    if (!resolve("OFD.xml", propertyInfo).equals(file)) return "propertyInfo " + propertyInfo + " does not name " + file;
    byte[] spki = Certificate.getInstance(cert).getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER);
    return sm2(spki, tbs.getEncoded(ASN1Encoding.DER), signature) ? null : "the SM2 signature over TBS_Sign does not verify";
  }

  public static void main(String[] args) throws Exception {
    String problem;
    try {
      switch (args[0]) {
        case "sig": problem = sm2(read(args[1]), read(args[2]), read(args[3])) ? null : "signature does not verify"; break;
        case "signed": problem = signed(read(args[1]), read(args[2])); break;
        case "cert": problem = cert(read(args[1]), read(args[2])); break;
        case "cms": problem = cms(read(args[1]), read(args[2])); break;
        case "ofd": problem = ofd(args[1]); break;
        default: problem = "unknown check " + args[0];
      }
    } catch (Exception e) {
      problem = e.toString();
    }
    System.out.println(problem == null ? "OK" : "FAIL: " + problem);
    System.exit(problem == null ? 0 : 1);
  }
}
