// Sends the pasted case to /v1/evaluate and shows the decision; all text goes in as textContent.
document.getElementById("run").addEventListener("click", async () => {
  const out = document.getElementById("out");
  const response = await fetch("/v1/evaluate?trace=true", {method: "POST", body: document.getElementById("case").value});
  out.textContent = JSON.stringify(await response.json(), null, 2);
});
