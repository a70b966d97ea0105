package io.iiot.gateway.testing;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.SourceInfo;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code make demo-sites}: runs the two-site topology of {@code config/nats/} on loopback (as the tests do) and
 * reads commands from standard input to cut and restore a site's link and to watch the buffer and the catch-up.
 * It writes the sites' URLs and demo passwords to {@code <dir>/sites.env} for the gateways the script starts.
 */
public final class DemoSites {

    private static final String HELP = """
            commands: status | cut SITE | restore SITE | quit      (SITE: munich or berlin)
              status   each site's TELEMETRY at the edge, the cloud's copy and how far it lags behind""";

    private DemoSites() {
    }

    /**
     * @param args the directory for {@code sites.env}
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/demo-sites");
        Files.createDirectories(dir);
        try (SiteTopology topology = new SiteTopology()) {
            topology.start();
            topology.provision();
            writeEnvironment(topology, dir.resolve("sites.env"));
            System.out.println("demo-sites: cloud " + topology.cloudUrls() + " (monitoring "
                    + topology.cloud(0).monitoringUrl() + ")");
            for (String site : SiteTopology.SITES) {
                System.out.println("demo-sites: " + site + " edge " + topology.edge(site).url() + " (monitoring "
                        + topology.edge(site).monitoringUrl() + ")");
            }
            System.out.println("demo-sites: URLs and demo passwords in " + dir.resolve("sites.env"));
            System.out.println(HELP);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            System.out.print("> ");
            System.out.flush();
            while ((line = in.readLine()) != null && !line.trim().equals("quit")) {
                System.out.println(run(topology, line.trim().split("\\s+")));
                System.out.print("> ");
                System.out.flush();
            }
        }
    }

    private static String run(SiteTopology topology, String[] words) {
        try {
            switch (words[0]) {
                case "status" :
                    return status(topology);
                case "cut" :
                    topology.link(site(words)).cut();
                    topology.awaitLinkDown(site(words));
                    return "link of " + site(words) + " cut: the edge stores, the cloud waits";
                case "restore" :
                    topology.link(site(words)).restore();
                    topology.awaitLinkUp(site(words));
                    return "link of " + site(words) + " up: the cloud catches up (watch status)";
                case "" :
                    return "";
                default :
                    return HELP;
            }
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } catch (IOException | JetStreamApiException e) {
            return "status failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String site(String[] words) {
        if (words.length < 2 || !SiteTopology.SITES.contains(words[1])) {
            throw new IllegalArgumentException("which site? " + SiteTopology.SITES);
        }
        return words[1];
    }

    private static String status(SiteTopology topology) throws IOException, JetStreamApiException,
            InterruptedException {
        List<String> lines = new ArrayList<>();
        try (Connection cloud = topology.connectCloud("viewer")) {
            StreamInfo aggregate = cloud.jetStreamManagement().getStreamInfo("TELEMETRY");
            lines.add(String.format("%-8s %-5s %11s %11s %9s %14s", "site", "link", "at edge", "in cloud", "backlog",
                    "last contact"));
            for (SourceInfo source : aggregate.getSourceInfos()) {
                String site = source.getExternal().getApi().split("\\.")[1];
                long atEdge = edgeMessages(topology, site);
                long inCloud = cloudMessages(cloud.jetStreamManagement(), site);
                lines.add(String.format("%-8s %-5s %11d %11d %9d %12d s", site,
                        topology.link(site).isCut() ? "CUT" : "up", atEdge, inCloud, atEdge - inCloud,
                        source.getActive().toSeconds()));
            }
            lines.add("cloud TELEMETRY: " + aggregate.getStreamState().getMsgCount() + " messages");
        }
        return String.join(System.lineSeparator(), lines);
    }

    private static long cloudMessages(JetStreamManagement cloud, String site) throws IOException,
            JetStreamApiException {
        StreamInfo info = cloud.getStreamInfo("TELEMETRY",
                StreamInfoOptions.filterSubjects(SiteTopology.ORG + "." + site + ".>"));
        List<Subject> subjects = info.getStreamState().getSubjects();
        return subjects == null ? 0 : subjects.stream().mapToLong(Subject::getCount).sum();
    }

    private static long edgeMessages(SiteTopology topology, String site) throws IOException, JetStreamApiException,
            InterruptedException {
        try (Connection edge = topology.connectEdge(site)) {
            JetStreamManagement streams = edge.jetStreamManagement();
            return streams.getStreamInfo("TELEMETRY").getStreamState().getMsgCount();
        }
    }

    private static void writeEnvironment(SiteTopology topology, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("CLOUD_URLS=" + topology.cloudUrls());
        lines.add("OPERATOR_PASSWORD=" + topology.password("operator"));
        lines.add("VIEWER_PASSWORD=" + topology.password("viewer"));
        for (String site : SiteTopology.SITES) {
            String prefix = site.toUpperCase();
            lines.add(prefix + "_URL=" + topology.edge(site).url());
            lines.add(prefix + "_GATEWAY_PASSWORD=" + topology.password("gateway@" + site));
        }
        Files.write(file, lines);
    }
}
