package io.annet.processor.parse;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import io.annet.processor.diag.Message;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports {@code @Model} on a local type (declared inside a method, constructor, initializer or
 * lambda, or nested in a local or anonymous class): javac hands annotation processors no element
 * for such types, so without this scan of the source trees the model would be silently ignored
 * ({@code [annet.private-model]}).
 */
public final class LocalModels {
  private static final String MODEL = "io.annet.dsl.Model";

  private final Trees trees;
  private final Set<CompilationUnitTree> scanned = new HashSet<>();

  private LocalModels(Trees trees) {
    this.trees = trees;
  }

  /** A scanner for {@code env}; one that does nothing when the compiler is not javac. */
  public static LocalModels of(ProcessingEnvironment env) {
    try {
      return new LocalModels(Trees.instance(env));
    } catch (RuntimeException | LinkageError e) {
      return new LocalModels(null); // not javac: there are no trees to scan
    }
  }

  /** Scans the compilation units of the round's root types not scanned yet. */
  public void scan(RoundEnvironment round) {
    if (trees == null) {
      return;
    }
    for (Element root : round.getRootElements()) {
      TreePath path = trees.getPath(root);
      if (path != null && scanned.add(path.getCompilationUnit())) {
        CompilationUnitTree unit = path.getCompilationUnit();
        new Scanner(unit).scan(unit, null);
      }
    }
  }

  /** Finds classes declared in a block or lambda whose annotations name the DSL's Model. */
  private final class Scanner extends TreePathScanner<Void, Void> {
    private final CompilationUnitTree unit;
    private final boolean importsModel;

    Scanner(CompilationUnitTree unit) {
      this.unit = unit;
      boolean imports = unit.getPackageName() != null
          && unit.getPackageName().toString().equals("io.annet.dsl");
      for (ImportTree i : unit.getImports()) {
        String name = i.getQualifiedIdentifier().toString();
        imports |= !i.isStatic() && (name.equals(MODEL) || name.equals("io.annet.dsl.*"));
      }
      this.importsModel = imports;
    }

    @Override
    public Void visitClass(ClassTree node, Void unused) {
      if (isLocal(getCurrentPath())) {
        for (AnnotationTree a : node.getModifiers().getAnnotations()) {
          String type = a.getAnnotationType().toString();
          if (type.equals(MODEL) || (type.equals("Model") && importsModel)) {
            String name = node.getSimpleName().toString();
            String text =
                Message.PRIVATE_MODEL.format(name, "local", " and move it out of the method");
            trees.printMessage(
                Diagnostic.Kind.ERROR, Message.PRIVATE_MODEL.tagged(text), a, unit);
          }
        }
      }
      return super.visitClass(node, unused);
    }

    /**
     * Whether the class at {@code path} lies in a block, a lambda or an anonymous class (whose
     * body is part of a {@code new} expression): javac offers processors no element for these.
     */
    private boolean isLocal(TreePath path) {
      for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
        Tree.Kind kind = p.getLeaf().getKind();
        if (kind == Tree.Kind.BLOCK
            || kind == Tree.Kind.LAMBDA_EXPRESSION
            || kind == Tree.Kind.NEW_CLASS) {
          return true;
        }
      }
      return false;
    }
  }
}
