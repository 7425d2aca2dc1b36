// A Java client of `playbook serve` (Java 11+, no libraries: java.net.http).
//
//   java examples/serve/Client.java examples/cases/passing-the-ball.json
//   PLAYBOOK_URL=http://127.0.0.1:8000 PLAYBOOK_TOKEN=… java examples/serve/Client.java case.json
//
// Posts the case file to /v1/evaluate and prints the decision JSON; a ticket system would
// map it with its JSON library (Jackson, Gson) onto its own types. Exit 1 on an HTTP error,
// whose body holds the located diagnostics.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

public class Client {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java Client.java CASE.json");
            System.exit(2);
        }
        String base = System.getenv().getOrDefault("PLAYBOOK_URL", "http://127.0.0.1:8000");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/evaluate"))
            .timeout(Duration.ofSeconds(30))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofFile(Path.of(args[0])));
        String token = System.getenv("PLAYBOOK_TOKEN");
        if (token != null && !token.isEmpty()) request.header("authorization", "Bearer " + token);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        System.out.println(response.body());
        if (response.statusCode() != 200) System.exit(1);
    }
}
