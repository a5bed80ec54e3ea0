package runbooks.kit.env;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * The console as CI systems show it: each line {@link Secrets#mask masked} before it is written (bytes are held until
 * the line ends or is flushed). {@link #install()} wraps {@code System.out} and {@code System.err} once.
 */
public final class MaskingPrintStream extends PrintStream {

    private MaskingPrintStream(PrintStream target) {
        super(new MaskingOutput(target, Charset.defaultCharset()), true, Charset.defaultCharset());
    }

    /** Masks the console from now on: {@code System.out} and {@code System.err}, unless already masked. */
    public static synchronized void install() {
        if (!(System.out instanceof MaskingPrintStream)) {
            System.setOut(new MaskingPrintStream(System.out));
        }
        if (!(System.err instanceof MaskingPrintStream)) {
            System.setErr(new MaskingPrintStream(System.err));
        }
    }

    private static final class MaskingOutput extends OutputStream {
        private final PrintStream target;
        private final Charset charset;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        MaskingOutput(PrintStream target, Charset charset) {
            this.target = target;
            this.charset = charset;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                emit();
            }
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(buf[i]);
            }
        }

        @Override
        public synchronized void flush() {
            emit();
            target.flush();
        }

        private void emit() {
            if (line.size() == 0) {
                return;
            }
            byte[] masked = Secrets.mask(line.toString(charset)).getBytes(charset);
            line.reset();
            target.write(masked, 0, masked.length);
        }
    }
}
