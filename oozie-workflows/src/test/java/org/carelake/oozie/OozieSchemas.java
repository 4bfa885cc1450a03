package org.carelake.oozie;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The XSDs shipped in oozie-client 5.2.1, every namespace an application uses in ONE Schema (an
 * action element in another namespace is only checked when its schema is in the same Schema).
 * oozie-common-1.0.xsd is a chameleon include: it is resolved by bare name from the classpath.
 */
final class OozieSchemas {
  static final List<String> WORKFLOW = List.of("oozie-workflow-1.0.xsd", "sqoop-action-1.0.xsd",
      "hive2-action-1.0.xsd", "email-action-0.2.xsd", "oozie-sla-0.2.xsd");
  static final List<String> COORDINATOR = List.of("oozie-coordinator-0.5.xsd", "oozie-sla-0.2.xsd");

  private OozieSchemas() {
  }

  static Schema of(List<String> xsds) throws SAXException {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    factory.setResourceResolver(new ClasspathResolver());
    List<Source> sources = new ArrayList<>();
    for (String xsd : xsds) {
      sources.add(new StreamSource(resource(xsd).toExternalForm()));
    }
    return factory.newSchema(sources.toArray(new Source[0]));
  }

  /** Every error (not only the first) as "file:line:column: message". */
  static List<String> validate(Schema schema, Path file) throws IOException, SAXException {
    List<String> errors = new ArrayList<>();
    Validator validator = schema.newValidator();
    validator.setErrorHandler(new ErrorHandler() {
      @Override
      public void warning(SAXParseException e) {
      }

      @Override
      public void error(SAXParseException e) {
        errors.add(file.getFileName() + ":" + e.getLineNumber() + ":" + e.getColumnNumber() + ": " + e.getMessage());
      }

      @Override
      public void fatalError(SAXParseException e) {
        error(e);
      }
    });
    validator.validate(new StreamSource(file.toFile()));
    return errors;
  }

  private static URL resource(String name) {
    URL url = OozieSchemas.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new IllegalStateException(name + " is not on the classpath: oozie-client " + "5.2.1 ships it");
    }
    return url;
  }

  private static final class ClasspathResolver implements LSResourceResolver {
    @Override
    public LSInput resolveResource(String type, String namespaceUri, String publicId, String systemId, String baseUri) {
      String name = systemId.substring(systemId.lastIndexOf('/') + 1);
      URL url = resource(name);
      return new Input(url.toExternalForm(), publicId, baseUri);
    }
  }

  private record Input(String systemId, String publicId, String baseUri) implements LSInput {
    @Override
    public Reader getCharacterStream() {
      return null;
    }

    @Override
    public void setCharacterStream(Reader r) {
    }

    @Override
    public InputStream getByteStream() {
      try {
        return new URL(systemId).openStream();
      } catch (IOException e) {
        throw new IllegalStateException("Cannot read " + systemId, e);
      }
    }

    @Override
    public void setByteStream(InputStream s) {
    }

    @Override
    public String getStringData() {
      return null;
    }

    @Override
    public void setStringData(String s) {
    }

    @Override
    public String getSystemId() {
      return systemId;
    }

    @Override
    public void setSystemId(String s) {
    }

    @Override
    public String getPublicId() {
      return publicId;
    }

    @Override
    public void setPublicId(String s) {
    }

    @Override
    public String getBaseURI() {
      return baseUri;
    }

    @Override
    public void setBaseURI(String s) {
    }

    @Override
    public String getEncoding() {
      return null;
    }

    @Override
    public void setEncoding(String s) {
    }

    @Override
    public boolean getCertifiedText() {
      return false;
    }

    @Override
    public void setCertifiedText(boolean b) {
    }
  }
}
