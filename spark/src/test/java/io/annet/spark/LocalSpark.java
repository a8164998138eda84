package io.annet.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** One local[2] Spark context shared by the tests of this JVM (Spark allows one at a time). */
final class LocalSpark {
  private static JavaSparkContext context;
  /** Spark logs at INFO; the tests keep its warnings (strong references: JUL's are weak). */
  private static final java.util.logging.Logger[] QUIET = {
      java.util.logging.Logger.getLogger("org.apache.spark"),
      java.util.logging.Logger.getLogger("org.sparkproject"),
      java.util.logging.Logger.getLogger("org.apache.hadoop")};

  private LocalSpark() {}

  static synchronized JavaSparkContext get() {
    if (context == null) {
      for (java.util.logging.Logger logger : QUIET) {
        logger.setLevel(java.util.logging.Level.WARNING);
      }
      SparkConf conf = new SparkConf()
          .setMaster("local[2]")
          .setAppName("annet-spark-tests")
          .set("spark.ui.enabled", "false")
          .set("spark.driver.host", "127.0.0.1")
          .set("spark.driver.bindAddress", "127.0.0.1");
      context = new JavaSparkContext(conf);
      Runtime.getRuntime().addShutdownHook(new Thread(context::stop));
    }
    return context;
  }
}
