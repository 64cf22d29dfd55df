package example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** Tiny HTTP service used as a slimfile demo input. */
public final class Hello {
    private static final int PORT = 8080;

    private Hello() {}

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        boolean get = "GET".equals(exchange.getRequestMethod());
        if (get && "/".equals(path)) {
            reply(exchange, 200, "hello from java\n");
        } else if (get && "/healthz".equals(path)) {
            reply(exchange, 200, "ok\n");
        } else {
            reply(exchange, 404, "not found\n");
        }
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", PORT), 0);
        server.createContext("/", Hello::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        // docker stop sends SIGTERM; the JVM runs shutdown hooks on it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("shutting down");
            server.stop(0);
        }));
        server.start();
        System.out.println("listening on 0.0.0.0:" + PORT);
    }
}
