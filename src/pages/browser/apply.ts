// The payer's page script (placeholder until the page is built).
document.body.dataset['ready'] = 'true';
