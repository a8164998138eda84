package demo;

import io.annet.runtime.data.Dataset;
import io.annet.runtime.data.IdxReader;
import io.annet.runtime.optim.Adam;
import io.annet.runtime.train.Trainer;
import io.annet.runtime.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Trains TinyNet on MNIST digits, saves it, loads it back and classifies four test digits. */
public class Main {
  public static void main(String[] args) throws IOException {
    // args[0]: a directory with the four MNIST IDX files, e.g. the Annet checkout's data/mnist-10k
    // or the full MNIST download; args[1]: the number of epochs (default 5).
    Path data = Path.of(args.length > 0 ? args[0] : "data/mnist-10k");
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Dataset train = IdxReader.readMnist(data, true);     // [7996, 1, 28, 28] in [0, 1]
    Dataset test = IdxReader.readMnist(data, false);

    TinyNetNetwork net = TinyNetNetwork.create(42);       // weights from seed 42
    TrainingHistory history = Trainer.builder()
        .optimizer(new Adam(0.01))
        .batchSize(64)
        .epochs(epochs)
        .seed(42)
        .build()
        .fit(net, train, test);                           // evaluates after every epoch
    System.out.println(history);

    Path checkpoint = Path.of("target", "tiny.ckpt");
    net.save(checkpoint);
    TinyNetNetwork loaded = TinyNetNetwork.load(checkpoint);

    INDArray x = test.features().get(NDArrayIndex.interval(0, 4));
    INDArray probabilities = loaded.predict(x);           // [4, 10]
    INDArray maps = loaded.classActivationMap(x, 7);      // [4, 14, 14]
    for (int i = 0; i < 4; i++) {
      System.out.printf("test digit %d: predicted %d, labelled %d%n",
          i, probabilities.getRow(i).argMax().getInt(0), test.label(i));
    }
    System.out.println("class activation maps for class 7: " + Arrays.toString(maps.shape()));
  }
}
