package org.carelake.pipeline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.carelake.pipeline.config.CareLakeHome;
import org.carelake.pipeline.config.PipelineConf;
import org.carelake.pipeline.config.PipelineConfigException;
import org.carelake.pipeline.config.Settings;
import picocli.CommandLine.Option;

/** Options every command takes: a configuration file, the work directory, -D overrides. */
final class CommonOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "Hadoop-style XML configuration (carelake.source.<name>.url, carelake.lake.root, ...). "
          + "Without it: embedded defaults (H2 sources, lake under the work directory).")
  Path config;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Local work directory for embedded sources, lake, metastore, keys and logs (default: <home>/local).")
  Path workDir;

  @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Override one configuration setting.")
  Map<String, String> overrides = new LinkedHashMap<>();

  Settings settings() {
    Configuration conf = new Configuration();
    if (config != null) {
      if (!Files.isRegularFile(config)) {
        throw new PipelineConfigException("--config %s does not exist; pass an XML configuration file", config);
      }
      conf.addResource(new org.apache.hadoop.fs.Path(config.toAbsolutePath().toUri()));
    }
    overrides.forEach(conf::set);
    if (workDir != null) {
      PipelineConf.setWorkDir(conf, workDir.toAbsolutePath());
    }
    return Settings.resolve(conf, CareLakeHome.discover());
  }
}
